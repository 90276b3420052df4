# Shared by scripts/start and scripts/test: make this machine able to run the product.
# Idempotent and quiet when nothing needs doing. Sourced, not run.

# Debian libraries Qt needs to run offscreen and on an X11 desktop (PySide6 wheels bring Qt itself), and the
# PDF and QR tools the receipt tests read receipts back with.
debian_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
                 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0  # Qt on a real X11 desktop (scripts/start)
                 poppler-utils zbar-tools)

ensure_debian_packages() {
    local missing=()
    local package
    for package in "${debian_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# A virtual environment in .venv with the product and everything its tests use; reinstalled
# only when pyproject.toml changes.
ensure_venv() {
    local python="${PYTHON:-python3.11}"
    command -v "$python" >/dev/null || python=python3
    if [ ! -x .venv/bin/python ]; then
        echo "Creating the virtual environment in .venv"
        "$python" -m venv .venv
    fi
    local stamp=.venv/.installed-from
    local wanted
    wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        echo "Installing Wekeza and its dependencies into .venv"
        .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
        .venv/bin/python -m pip install --quiet -e ".[desktop,server,dev]" 2>&1 | grep -v "^WARNING: Location" || true
        .venv/bin/python -c "import shared_core, sync_server, desktop_app, falcon, PySide6, pytest" \
            || { echo "The installation into .venv failed" >&2; return 1; }
        echo "$wanted" > "$stamp"
    fi
}

# The tests of the server run against a real MySQL (MariaDB) on 127.0.0.1:3306.
ensure_mysql() {
    if .venv/bin/python -c "import pymysql; pymysql.connect(host='127.0.0.1', port=3306, user='root', password='', connect_timeout=3).close()" 2>/dev/null; then
        return 0
    fi
    if [ -x /usr/sbin/mariadbd ] && [ "$(id -u)" -eq 0 ]; then
        echo "Starting MariaDB"
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
        local attempt
        for attempt in $(seq 1 30); do
            sleep 1
            .venv/bin/python -c "import pymysql; pymysql.connect(host='127.0.0.1', port=3306, user='root', password='', connect_timeout=3).close()" 2>/dev/null && return 0
        done
    fi
    echo "MySQL is not reachable on 127.0.0.1:3306 (root, empty password)" >&2
    return 1
}
