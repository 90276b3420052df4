"""What the desktop bundle leaves out, in one place: read by the spec (to keep it out) and by
build.py (to prove it stayed out).

The app draws its window with QtWidgets, prints with QtPrintSupport and turns PDFs into images
with pypdfium2. Everything else Qt ships (a web engine, QML and Qt Quick, Qt's own PDF module,
3D, multimedia...) is weight that a branch PC downloads, an antivirus scans and nobody runs.
Names work on every platform: libQt6Pdf.so.6 (Linux), Qt6Pdf.dll (Windows), QtPdf.framework (macOS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePath

# Python modules PyInstaller must not follow, even if an import or a hook reaches for them.
EXCLUDED_MODULES = (
    # Qt modules the window does not use. Each line keeps out the binding and, with it, the Qt
    # library, plugins, QML files and translations its hook would collect.
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.QtQml", "PySide6.QtQmlFeatures", "PySide6.QtQuick", "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets", "PySide6.QtQuickTest", "PySide6.QtQuick3D", "PySide6.QtLabsStyleKit",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech",
    # QtCharts stays in: head office's risk dashboard draws with it (desktop_app/ui/widgets/charts.py).
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtGraphsWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets",  # PDFs become images through pypdfium2 instead
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtTest",
    "PySide6.QtSql",  # the store is SQLAlchemy on Python's sqlite3
    "PySide6.QtNetwork",  # the sync client is httpx
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSvgWidgets",
    "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtSerialBus", "PySide6.QtRemoteObjects",
    "PySide6.QtScxml", "PySide6.QtStateMachine", "PySide6.QtHttpServer", "PySide6.QtNetworkAuth",
    "PySide6.QtAxContainer",
    # Not the desktop's: the server and its drivers, test tools, GUI toolkits and numerics nobody calls.
    "sync_server", "falcon", "gunicorn", "waitress", "pymysql", "jwt",
    "pytest", "_pytest", "pytestqt", "hypothesis", "alembic.testing", "sqlalchemy.testing",
    "tkinter", "_tkinter", "numpy", "IPython",
    # httpx's command-line client (rich, click, pygments, markdown_it): httpx imports it only if present.
    "httpx._main", "rich", "click", "pygments", "markdown_it",
    # keyrings.alt keeps keys in plain files; the device key lives in the OS keyring or nowhere.
    "keyrings",
)

# Qt module names whose library (any platform's spelling) must not be in the bundle. A name also
# covers its companions: "Qml" catches Qt6QmlModels and Qt6QmlWorkerScript.
QT_MODULES_LEFT_OUT = (
    "WebEngine", "WebChannel", "WebSockets", "WebView", "Qml", "Quick", "LabsStyleKit", "3D",
    "Multimedia", "SpatialAudio", "TextToSpeech", "ChartsQml", "DataVisualization", "Graphs",
    "Pdf", "Designer", "UiTools", "Help", "Test", "Sql", "VirtualKeyboard", "ShaderTools",
    # Linked only by the plugins dropped below: kiosk screens (EGLFS), Wayland, touch input (Network).
    # Not OpenGL: Qt6Charts links Qt6OpenGL and Qt6OpenGLWidgets (the Python bindings stay out above).
    "EglFS", "EglFs", "Wayland", "WlShell", "Network",
)
_QT_LIBRARY_LEFT_OUT = re.compile(r"Qt6?(" + "|".join(QT_MODULES_LEFT_OUT) + ")")

# Single files by name (lower case). Qt for Windows ships a software OpenGL renderer (~20 MB) for
# OpenGL and Qt Quick on PCs without a GPU driver; QtWidgets never asks for it.
FILES_LEFT_OUT = frozenset({"opengl32sw.dll"})

# Qt plugins by type: the ones kept (by base name: qjpeg is libqjpeg.so, qjpeg.dll, libqjpeg.dylib)
# or, with None, the whole type dropped. A type not named here is kept whole (styles, printsupport,
# iconengines, platformthemes, xcbglintegrations...).
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # offscreen for --smoke and tests; xcb (X11, and Wayland desktops through XWayland), windows,
    # cocoa for the PCs themselves. Kiosk and embedded platforms (eglfs, linuxfb, vnc) are not ours.
    "platforms": frozenset({"qoffscreen", "qxcb", "qwindows", "qcocoa"}),
    # PNG is built into QtGui; JPEG for photos, ICO for the Windows icon, SVG for icons.
    "imageformats": frozenset({"qjpeg", "qico", "qsvg"}),
    # The desktop portal (file dialogs on any Linux desktop); not GTK's, which would link against the
    # build machine's GTK stack and break on a PC with another.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Compose keys and IBus (typing names with accents on Linux); not Qt's on-screen keyboard, a QML
    # and Qt Quick plugin for kiosks, which comes with PySide6-Addons (installed for QtCharts).
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    "egldeviceintegrations": None,
    "generic": None,  # touch input for embedded boards
    "qmltooling": None,
    "designer": None,
    "sqldrivers": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-graphics-integration-server": None,
    "wayland-shell-integration": None,
}


def _plugin_name(file_name: str) -> str:
    """libqjpeg.so -> qjpeg; qjpeg.dll -> qjpeg; libqjpeg.dylib -> qjpeg."""
    stem = file_name.split(".", 1)[0]
    return stem.removeprefix("lib")


def left_out(bundle_path: str) -> bool:
    """True if the file at `bundle_path` (relative to the bundle, any separator) stays out."""
    path = PurePath(bundle_path.replace("\\", "/"))
    if _QT_LIBRARY_LEFT_OUT.search(path.as_posix()) or path.name.lower() in FILES_LEFT_OUT:
        return True
    parts = path.parts
    if "plugins" in parts[:-1]:
        plugin_type = "/".join(parts[parts.index("plugins") + 1 : -1])  # "platforms", "platforms/darwin"
        if plugin_type in QT_PLUGINS_KEPT:
            kept = QT_PLUGINS_KEPT[plugin_type]
            return kept is None or _plugin_name(path.name) not in kept
    return "qml" in parts[:-1]  # QML modules' folders (qmldir files, .qml sources)


def kept_from_hook(
    hiddenimports: list[str], binaries: list[tuple[str, str]], datas: list[tuple[str, str]]
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """A hook's answer without what stays out; its files are (source path, folder in the bundle)."""

    def kept(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(source, folder) for source, folder in files
                if not left_out(f"{folder}/{Path(source).name}")]

    return hiddenimports, kept(binaries), kept(datas)


def files_left_out(bundle_paths: Iterable[str]) -> list[str]:
    """The paths among `bundle_paths` that should not be there, sorted."""
    return sorted(path for path in bundle_paths if left_out(path))
