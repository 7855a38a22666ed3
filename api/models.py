"""Imports every domain's tables so that Base.metadata knows them all (migrations, tests)."""
from api.auth import models as auth  # noqa: F401
from api.chat import models as chat  # noqa: F401
from api.faq import models as faq  # noqa: F401
from api.mail import models as mail  # noqa: F401
from api.privacy import models as privacy  # noqa: F401
from api.tickets import models as tickets  # noqa: F401
from api.analytics import models as analytics  # noqa: F401
from api.inbound import models as inbound  # noqa: F401
