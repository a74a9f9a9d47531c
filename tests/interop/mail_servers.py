# A private Postfix (SMTP in, virtual Maildir delivery) and a private Dovecot (POP3, and IMAP on
# request, out of the same Maildirs), confined to a temporary directory, on free loopback ports,
# without systemd. Used by postfix_dovecot_test.py (our SMTP and POP3 clients) and
# dovecot_imap_client_test.py (our IMAP client, Dovecot only) against real servers.
import contextlib
import os
import pwd
import signal
import subprocess
import textwrap

from interop_util import free_port, run, wait_port, wait_until

# The standard Postfix services, without chroot (the queue directory is a temp dir).
MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class MailServers:
    """Postfix on `smtp_port` delivering example.test to Maildirs that Dovecot serves on `pop3_port`
    (and on `imap_port` when imap=True)."""

    def __init__(self, root, domain, users, imap=False):
        self.root = root
        self.domain = domain
        self.users = users  # {"alice": "secret"}
        self.smtp_port = free_port()
        self.pop3_port = free_port()
        self.imap_port = free_port() if imap else None
        owner = pwd.getpwnam("nobody")
        self.uid, self.gid = owner.pw_uid, owner.pw_gid
        self.mail = os.path.join(root, "mail")
        self.postfix_dir = os.path.join(root, "postfix")
        self.dovecot_conf = os.path.join(root, "dovecot.conf")
        self.postfix_log = os.path.join(root, "postfix.log")
        self.dovecot_log = os.path.join(root, "dovecot.log")
        self.postfix_started = False
        self.dovecot = None

    def maildir_new(self, user):
        return os.path.join(self.mail, self.domain, user, "new")

    def write_postfix(self):
        os.makedirs(self.postfix_dir)
        for sub in ("queue", "data"):
            os.makedirs(os.path.join(self.root, sub))
        os.chown(os.path.join(self.root, "data"), pwd.getpwnam("postfix").pw_uid, -1)
        vmailbox = os.path.join(self.postfix_dir, "vmailbox")
        with open(vmailbox, "w") as f:
            for user in self.users:
                f.write(f"{user}@{self.domain} {self.domain}/{user}/\n")
        main_cf = textwrap.dedent(f"""\
            compatibility_level = 3.6
            queue_directory = {self.root}/queue
            data_directory = {self.root}/data
            maillog_file = {self.postfix_log}
            maillog_file_prefixes = {self.root}
            myhostname = mx.{self.domain}
            mydomain = {self.domain}
            myorigin = $myhostname
            mydestination =
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            alias_maps =
            alias_database =
            biff = no
            smtpd_tls_security_level = none
            virtual_mailbox_domains = {self.domain}
            virtual_mailbox_base = {self.mail}
            virtual_mailbox_maps = texthash:{vmailbox}
            virtual_minimum_uid = 1
            virtual_uid_maps = static:{self.uid}
            virtual_gid_maps = static:{self.gid}
            """)
        with open(os.path.join(self.postfix_dir, "main.cf"), "w") as f:
            f.write(main_cf)
        with open(os.path.join(self.postfix_dir, "master.cf"), "w") as f:
            f.write(MASTER_CF.format(port=self.smtp_port))

    def write_dovecot(self):
        passwd = os.path.join(self.root, "dovecot.passwd")
        with open(passwd, "w") as f:
            for user, password in self.users.items():
                f.write(f"{user}@{self.domain}:{{PLAIN}}{password}\n")
        conf = textwrap.dedent(f"""\
            base_dir = {self.root}/dovecot-run
            state_dir = {self.root}/dovecot-state
            log_path = {self.dovecot_log}
            protocols = {"pop3 imap" if self.imap_port else "pop3"}
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            first_valid_uid = 1
            mail_location = maildir:{self.mail}/%d/%n
            pop3_uidl_format = %08Xu%08Xv
            # IDLE: report changes made by other sessions within a second (RFC 2177).
            mailbox_idle_check_interval = 1 secs
            passdb {{
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {passwd}
            }}
            userdb {{
              driver = static
              args = uid={self.uid} gid={self.gid} home={self.mail}/%d/%n
            }}
            service pop3-login {{
              inet_listener pop3 {{
                address = 127.0.0.1
                port = {self.pop3_port}
              }}
            }}
            """)
        with open(self.dovecot_conf, "w") as f:
            f.write(conf + self.imap_service())

    def imap_service(self):
        if not self.imap_port:
            return ""
        return (f"service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n"
                f"    port = {self.imap_port}\n  }}\n}}\n")

    def start(self, postfix=True):
        # The tree is private to this run; the mail user must be able to reach the Maildirs.
        os.chmod(self.root, 0o755)
        os.makedirs(self.mail)
        os.chown(self.mail, self.uid, self.gid)
        self.write_dovecot()
        if postfix:
            self.write_postfix()
            run(["postfix", "-c", self.postfix_dir, "check"], check=False)
            self.postfix_started = True  # so that stop() also cleans up a half-started instance
            run(["postfix", "-c", self.postfix_dir, "start"])
        self.dovecot = subprocess.Popen(["dovecot", "-F", "-c", self.dovecot_conf],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        if postfix and not wait_port(self.smtp_port, 15):
            raise AssertionError(f"Postfix did not listen on port {self.smtp_port}")
        for port in (self.pop3_port, self.imap_port):
            if port and not wait_port(port, 15):
                raise AssertionError(f"Dovecot did not listen on port {port}")

    def stop(self):
        if self.postfix_started:
            master_pid = self.postfix_master_pid()
            run(["postfix", "-c", self.postfix_dir, "stop"], check=False)
            self.postfix_started = False
            # `postfix stop` only signals the master; wait for it, and insist if it lingers.
            if master_pid and not wait_until(lambda: not os.path.exists(f"/proc/{master_pid}"), 10):
                with contextlib.suppress(OSError):
                    os.kill(master_pid, signal.SIGKILL)
        if self.dovecot is not None and self.dovecot.poll() is None:
            self.dovecot.terminate()
            try:
                self.dovecot.wait(10)
            except subprocess.TimeoutExpired:
                self.dovecot.kill()
                self.dovecot.wait()

    def postfix_master_pid(self):
        with contextlib.suppress(OSError, ValueError):
            with open(os.path.join(self.root, "queue", "pid", "master.pid")) as f:
                return int(f.read().strip())
        return None

    def print_logs(self):
        for name, path in (("Postfix", self.postfix_log), ("Dovecot", self.dovecot_log)):
            print(f"----- {name} log ({path}) -----")
            try:
                with open(path, errors="replace") as f:
                    print(f.read())
            except OSError as e:
                print(f"(cannot read: {e})")
        if self.dovecot is not None and self.dovecot.stdout and self.dovecot.poll() is not None:
            print("----- Dovecot stdout -----")
            print(self.dovecot.stdout.read())
