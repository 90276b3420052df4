"""PyInstaller's own hook for PySide6.QtGui, less the plugins installer/bundle_policy.py leaves out.

QtGui's hook collects every plugin folder Qt ships for it (all platforms, all image formats, GTK's
theme...). Filtering here, before PyInstaller follows what each binary links, keeps a dropped
plugin's dependencies out too (the GTK theme alone drags in cairo, pango and gdk-pixbuf).
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

from bundle_policy import kept_from_hook

hiddenimports, binaries, datas = kept_from_hook(*add_qt6_dependencies(__file__))
