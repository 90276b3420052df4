"""Texts Qt itself shows (the standard buttons of dialogs), listed so pyside6-lupdate puts them in
our .ts files: Qt ships no Swahili translation of its own."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

STANDARD_BUTTONS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
)
