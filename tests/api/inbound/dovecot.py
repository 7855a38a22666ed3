"""A real IMAP server for the tests: Debian's Dovecot, unpacked by `make dovecot` into .state/dovecot, run in the
foreground with a throw-away configuration (loopback, a free port, plain text login, one user, a maildir in the
test's tmp dir). No system service is installed or started.

`python tests/api/inbound/dovecot.py patch .state/dovecot` (the Makefile runs it): Dovecot's libraries have their
module directory compiled in (/usr/lib/dovecot/modules, where the SSL module is looked up even with ssl = no);
the patch rewrites that path, with one of the same length, to MODULE_LINK, which `start` points at the unpacked
modules.
"""
import grp
import imaplib
import os
import pwd
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PREFIX = ROOT / ".state" / "dovecot"
COMPILED_IN = b"/usr/lib/dovecot/modules"
MODULE_LINK = b"/tmp/frontdoor-dovecot-m"  # as long as COMPILED_IN
USER, PASSWORD = "desk", "imap-test-secret"


def patch(prefix: Path) -> None:
    assert len(MODULE_LINK) == len(COMPILED_IN)
    for lib in (prefix / "usr/lib/dovecot").glob("lib*.so*"):
        if not lib.is_symlink() and COMPILED_IN in (data := lib.read_bytes()):
            lib.write_bytes(data.replace(COMPILED_IN, MODULE_LINK))


CONFIG = """base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = 0
mail_location = maildir:{tmp}/Maildir
mail_plugin_dir = {lib}/modules
login_plugin_dir = {lib}/modules/login
libexec_dir = {lib}
import_environment = TZ LD_LIBRARY_PATH
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/home
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
    ssl = no
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def start(tmp: Path, port: int, wait: float = 30.0) -> subprocess.Popen:
    """Dovecot on 127.0.0.1:port, ready for USER/PASSWORD; raises (the test fails) if it does not come up."""
    lib = PREFIX / "usr/lib/dovecot"
    if not (PREFIX / "usr/sbin/dovecot").exists():
        raise RuntimeError("Dovecot is not unpacked: run `make dovecot`")
    link = Path(MODULE_LINK.decode())
    if not link.is_symlink() or link.resolve() != (lib / "modules").resolve():
        link.unlink(missing_ok=True)
        link.symlink_to(lib / "modules")
    for sub in ("run", "state", "home", "Maildir"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    me = pwd.getpwuid(os.geteuid())
    if os.geteuid() == 0:  # Dovecot's login process refuses root, and so does its mail process
        mail_user = pwd.getpwnam("nobody")
        for sub in ("home", "Maildir"):
            os.chown(tmp / sub, mail_user.pw_uid, mail_user.pw_gid)
    else:
        mail_user = me
    (tmp / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    conf = tmp / "dovecot.conf"
    conf.write_text(CONFIG.format(tmp=tmp, lib=lib, port=port, internal=me.pw_name,
                                  group=grp.getgrgid(me.pw_gid).gr_name, login=mail_user.pw_name, uid=mail_user.pw_uid, gid=mail_user.pw_gid))
    env = {**os.environ, "LD_LIBRARY_PATH": f"{lib}:{lib}/modules/old-stats"}
    # doveconf parses the configuration and execs the master with it (the binaries expect doveconf in /usr/bin)
    proc = subprocess.Popen([str(PREFIX / "usr/bin/doveconf"), "-c", str(conf), "-m", "master", "-e",
                             str(PREFIX / "usr/sbin/dovecot"), "-F", "-c", str(conf)], env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp / "dovecot.stderr", "wb"))
    deadline = time.monotonic() + wait
    while True:
        try:
            with imaplib.IMAP4("127.0.0.1", port, timeout=5) as imap:
                imap.login(USER, PASSWORD)
                if imap.select("INBOX")[0] == "OK":
                    return proc
        except (OSError, imaplib.IMAP4.error):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            log = (tmp / "dovecot.log").read_text() if (tmp / "dovecot.log").exists() else ""
            raise RuntimeError(f"Dovecot did not start: {(tmp / 'dovecot.stderr').read_text()}{log[-2000:]}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    """The master stops its own children on SIGTERM."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__" and sys.argv[1:2] == ["patch"]:
    patch(Path(sys.argv[2]))
