"""The bot's model cache key: it changes exactly when a training input changes."""
import shutil

from api import runner


def test_model_hash_follows_the_bot_inputs(tmp_path):
    bot = tmp_path / "bot"
    shutil.copytree(runner.BOT, bot, ignore=shutil.ignore_patterns("models", "__pycache__"))
    before = runner.model_hash(bot)
    assert runner.model_hash(bot) == before  # stable
    (bot / "endpoints.yml").write_text("# not a training input\n")
    assert runner.model_hash(bot) == before
    rules = bot / "data" / "rules.yml"
    rules.write_text(rules.read_text() + "\n# a comment is still a change\n")
    assert runner.model_hash(bot) != before


def test_rasa_runs_with_a_project_home_and_without_telemetry():
    env = runner.rasa_env()
    assert env["HOME"].startswith(str(runner.STATE))
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["SQLALCHEMY_SILENCE_UBER_WARNING"] == "1"
