"""The screens of the main window, one module each; `main_window.SCREENS` lists them with the
permissions that show each one."""
