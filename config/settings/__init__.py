"""Settings: one base file plus one small file per concern, all driven by environment variables."""

from config.settings.auth import *  # noqa: F403
from config.settings.base import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.email import *  # noqa: F403
from config.settings.fees import *  # noqa: F403
from config.settings.logging import *  # noqa: F403
from config.settings.meetings import *  # noqa: F403
from config.settings.retention import *  # noqa: F403
from config.settings.security import *  # noqa: F403
from config.settings.tasks import *  # noqa: F403
