# JupyterLab's settings for `make lab`, which points JUPYTER_CONFIG_DIR at this folder so that no
# personal Jupyter config takes part. The address (127.0.0.1), the folder served and the token
# are on the Makefile's command line; labconfig/page_config.json turns off the "Jupyter news"
# question. Everything here only keeps the terminal quiet, each for the reason given.
c = get_config()  # noqa: F821 (defined by Jupyter when it reads this file)

# Warnings and errors only: the terminal shows the address box, not a line per request.
c.Application.log_level = "WARN"

# Kernels get CurveZMQ keys, so their channels are encrypted; without keys each kernel warns at
# start that it "is running over TCP without encryption". "auto": only for kernels that declare
# support (ipykernel does), never an error.
c.MappingKernelManager.transport_encryption = "auto"

# jupyter_server's websocket ping timeout defaults to 3 x its 30 s ping interval; tornado 6.5
# allows at most the interval, warns on the first notebook opened and uses 30 s. Say 30 s.
c.ServerApp.tornado_settings = {"ws_ping_timeout": 30000}
