# JupyterLab's settings for `make lab`, which points JUPYTER_CONFIG_DIR at this folder so that no
# personal Jupyter config takes part. The address (127.0.0.1), the folder served and the token
# are on the Makefile's command line; labconfig/page_config.json turns off the "Jupyter news"
# question. Everything here keeps the terminal quiet, except the BLAS threads of the kernels, each
# for the reason given. The browser test serves the course with this folder too
# (tests/browser/labdriver.py), and tests/browser/test_connection.py holds a notebook open and
# idle for 95 s, then runs a cell, and reads the kernel's BLAS thread setting.
import logging
import os

c = get_config()  # noqa: F821 (defined by Jupyter when it reads this file)

# Warnings and errors only: the terminal shows the address box, not a line per request.
c.Application.log_level = "WARN"

# Kernels get CurveZMQ keys, so their channels are encrypted; without keys each kernel warns at
# start that it "is running over TCP without encryption". "auto": only for kernels that declare
# support (ipykernel does), never an error.
c.MappingKernelManager.transport_encryption = "auto"

# Kernels run OpenBLAS on one thread, unless OPENBLAS_NUM_THREADS is set already (the kernels
# inherit this server's environment). The course's matrices are small: a second thread makes no
# training step faster, and doubles its CPU time while it waits for work (09's view, a fresh run:
# 38-74 ms either way, 73-145 ms of CPU on two threads, 38-74 on one). On a busy machine that
# waiting competes with the browser and the rest: in CI at load 5-9, 09's slider moves that train
# took 1.2-2.3 s. The stored outputs are the same on one thread (tools/numeric_environments.py).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


# The websocket pings stay jupyter_server's own: never set ws_ping_timeout or ws_ping_interval.
# jupyter_server pings every kernel websocket every 30 s and closes one whose browser has not
# answered for 90 s (ws_ping_timeout, in ms). A timeout equal to the interval (30000, as this file
# once set) closes EVERY kernel websocket 30 s after it opens: the first check comes at 30 s,
# before any answer can have arrived ("WebSocket ping timeout after 30002 ms" in the terminal,
# "Connection lost" in the browser, a Run All left at [*]).
#
# Without an override, the terminal shows this once, when the first notebook opens (measured with
# jupyter_server 2.21 and tornado 6.6; nothing at start, and while a notebook is open or idle
# nothing but "Notebook ... is not trusted" for a notebook that was never run here):
#   The websocket_ping_timeout (90000) cannot be longer than the websocket_ping_interval (30000).
# followed by a second line saying that tornado lowers its own timeout to the interval.
# It is about a setting that has no effect: jupyter_server also hands its millisecond values to
# tornado, which reads them as seconds (a ping every 30000 s, 8 hours) and, since tornado 6.5,
# caps that timeout at the interval (jupyter-server/jupyter_server#1612). The connection is kept
# by jupyter_server's own 30 s pings above. So this one message is dropped, by its exact text:
# with any other values, or any other message, tornado's warnings still show.
class _DropTornadosNoteOnJupytersPingDefaults(logging.Filter):
    NOTE = ("The websocket_ping_timeout (90000) cannot be longer than the "
            "websocket_ping_interval (30000).")

    def filter(self, record):
        return not record.getMessage().startswith(self.NOTE)


logging.getLogger("tornado.general").addFilter(_DropTornadosNoteOnJupytersPingDefaults())
