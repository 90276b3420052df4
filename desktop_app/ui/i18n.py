"""The window's language, chosen at login: Qt's own translation system, with the .qm files built
from resources/translations/*.ts (`python -m desktop_app.ui.i18n` rebuilds them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import resource_path
from shared_core.amount_words import Language

TRANSLATIONS = "translations"
_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, language: Language) -> bool:
    """Replace the app's translators with `language`'s (English needs none). True if loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language is Language.ENGLISH:
        return True
    ours = QTranslator(app)
    if not ours.load(str(resource_path(TRANSLATIONS) / f"wekeza_{language.value}.qm")):
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)  # Qt's standard buttons (OK, Cancel), where Qt ships the language
    if qt_own.load(QLocale(language.value), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return True
