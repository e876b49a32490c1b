"""The RenoFlow platform kit: what every service and the gateway build on."""

import warnings

# nameko 2.14 runs on eventlet, which announces its own deprecation on import with a warning
# class made to be seen. The choice of nameko is the architecture's (docs/decisions/0001); the
# notice says nothing an operator can act on, so it is kept off the start-up output.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
