"""Mail settings the tests switch to."""

# The worker's delivery mailer pointed at a port where nothing listens: every send is refused.
REFUSING_DELIVERY = {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
}


class SlowSmtpServer:
    """A local SMTP server that waits `delay` seconds before greeting, then accepts every message.

    `messages` holds the raw messages received; `url` is not needed: give `port` to the SMTP backend.
    """

    def __init__(self, delay: float):
        import socket
        import threading

        self.delay = delay
        self.messages: list[bytes] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def mailer(self) -> dict:
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": self.delay + 5},
        }

    def close(self):
        self._socket.close()

    def _accept(self):
        import threading

        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        import time

        with connection, connection.makefile("rb") as reader:
            time.sleep(self.delay)
            connection.sendall(b"220 slow.example.org ESMTP\r\n")
            for line in reader:
                command = line[:4].upper()
                if command == b"DATA":
                    connection.sendall(b"354 go ahead\r\n")
                    data = b""
                    for data_line in reader:
                        if data_line == b".\r\n":
                            break
                        data += data_line
                    self.messages.append(data)
                    connection.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                    connection.sendall(b"250 ok\r\n")
