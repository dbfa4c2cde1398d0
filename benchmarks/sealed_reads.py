"""Counting what a benchmark opens through config/encryption.py, and the time it spends there.

Used by timeline.py and pack.py to show that the "on" runs really open sealed values and files
(and the "off" runs none), and how much of their time is the opening itself: the rest of the
difference between on and off is noise, or cost outside the two calls counted here.
"""

import time


class OpenedCounter:
    """Wraps config.encryption's open_text and opening_reader for the rest of this process.

    `values` counts sealed values opened, `files` sealed files opened, and `seconds` is the time
    spent in open_text (unwrapping the owner's keys when not cached included) and in reading
    sealed files (reading the ciphertext from storage included). The wrapping costs well under
    a microsecond a call.
    """

    def __init__(self) -> None:
        from config import encryption

        self.reset()
        open_text, opening_reader = encryption.open_text, encryption.opening_reader

        def counted_text(*args, **kwargs):
            self.values += 1
            began = time.perf_counter()
            try:
                return open_text(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - began

        def counted_reader(*args, **kwargs):
            self.files += 1
            began = time.perf_counter()
            try:
                return _TimedReader(opening_reader(*args, **kwargs), self)
            finally:
                self.seconds += time.perf_counter() - began

        encryption.open_text, encryption.opening_reader = counted_text, counted_reader

    def reset(self) -> None:
        self.values = self.files = 0
        self.seconds = 0.0


class _TimedReader:
    def __init__(self, reader, counter: OpenedCounter) -> None:
        self.reader = reader
        self.counter = counter

    def read(self, size: int = -1) -> bytes:
        began = time.perf_counter()
        try:
            return self.reader.read(size)
        finally:
            self.counter.seconds += time.perf_counter() - began

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.reader.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
