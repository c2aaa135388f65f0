"""Target resolution: one setting chooses the deployment, errors name the setting not its value."""

import pytest

from orchestration.settings import (
    SettingsError,
    environment_name,
    load_settings,
    required_settings,
)


def test_local_is_the_default(data_dir, monkeypatch) -> None:
    monkeypatch.delenv("WAREHOUSE_TARGET")
    settings = load_settings()
    assert settings.target == "local"
    assert settings.source_urls["totesys"] == f"sqlite:///{data_dir / 'sources' / 'totesys.sqlite'}"
    assert settings.lake_url == str(data_dir / "lake")
    assert settings.duckdb_path == data_dir / "warehouse.duckdb"


def test_unknown_target_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("WAREHOUSE_TARGET", "oracle")
    with pytest.raises(SettingsError, match="unknown target 'oracle'"):
        load_settings()


def test_postgres_target_names_every_missing_setting_at_once(monkeypatch) -> None:
    _postgres_env(monkeypatch)
    for name in ("SOURCES__TOTESYS__CREDENTIALS", "DESTINATION__POSTGRES__CREDENTIALS"):
        monkeypatch.delenv(name)
    with pytest.raises(SettingsError) as error:
        load_settings("postgres")
    message = str(error.value)
    assert message.startswith(
        "2 settings are missing for the postgres target: SOURCES__TOTESYS__CREDENTIALS, "
        "DESTINATION__POSTGRES__CREDENTIALS."
    )
    assert "sources.totesys.credentials, destination.postgres.credentials" in message
    assert "SOURCES__STOCK_DB__CREDENTIALS" not in message


def test_required_settings_are_what_load_settings_asks_for(monkeypatch) -> None:
    # The list a deployment (infra/'s task definition) is checked against is the one
    # load_settings itself enforces: each one missing alone is named in the error.
    assert required_settings("local") == []
    for key in required_settings("postgres"):
        _postgres_env(monkeypatch)
        monkeypatch.delenv(environment_name(key))
        with pytest.raises(
            SettingsError, match=f"1 setting is missing .*: {environment_name(key)}"
        ):
            load_settings("postgres")


def test_repr_masks_passwords(monkeypatch) -> None:
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", "postgresql://u:fake-s3cr3t-pw@h/db")
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", "mysql+pymysql://u:fake-s3cr3t-pw@h/db")
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", "s3://bucket/lake")
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", "postgresql://u:fake-s3cr3t-pw@h/w")
    settings = load_settings("postgres")
    assert "fake-s3cr3t-pw" not in repr(settings)
    assert settings.dbt_env()["WAREHOUSE_PG_DBNAME"] == "w"


def _postgres_env(monkeypatch) -> None:
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", "postgresql://source_reader@h/totesys")
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", "mysql+pymysql://source_reader@h/stock")
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", "s3://bucket/lake")
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", "postgresql://loader:fake-l-pw@h/w")


def test_dbt_runs_as_the_transformer_when_one_is_set(monkeypatch) -> None:
    _postgres_env(monkeypatch)
    transformer = "postgresql://transformer:fake-t-pw@h:5433/w"
    monkeypatch.setenv("DESTINATION__POSTGRES__TRANSFORMER_CREDENTIALS", transformer)
    settings = load_settings("postgres")
    assert settings.warehouse_url.startswith("postgresql://loader:")
    assert settings.transform_url == transformer
    env = settings.dbt_env()
    assert (env["WAREHOUSE_PG_USER"], env["WAREHOUSE_PG_PASSWORD"]) == ("transformer", "fake-t-pw")
    assert env["WAREHOUSE_PG_PORT"] == "5433"
    assert "fake-t-pw" not in repr(settings)
    assert sorted(settings.secrets()) == ["fake-l-pw", "fake-t-pw"]


def test_without_a_transformer_the_loader_credential_serves_both(monkeypatch) -> None:
    _postgres_env(monkeypatch)
    monkeypatch.delenv("DESTINATION__POSTGRES__TRANSFORMER_CREDENTIALS", raising=False)
    settings = load_settings("postgres")
    assert settings.transform_url == settings.warehouse_url
    assert settings.dbt_env()["WAREHOUSE_PG_USER"] == "loader"


def test_dbt_sessions_plan_without_jit_or_nested_loops_and_keep_the_users_options(
    monkeypatch,
) -> None:
    _postgres_env(monkeypatch)
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=600000")
    options = load_settings("postgres").dbt_env()["PGOPTIONS"].split(" -c ")
    assert options == ["-c statement_timeout=600000", "jit=off", "enable_nestloop=off"]
    monkeypatch.delenv("PGOPTIONS")
    assert load_settings("postgres").dbt_env()["PGOPTIONS"] == "-c jit=off -c enable_nestloop=off"
    assert "PGOPTIONS" not in load_settings("local").dbt_env()


@pytest.mark.parametrize("target", ["local", "postgres"])
def test_a_deployment_handed_on_as_its_environment_reads_back_the_same(
    target, monkeypatch, tmp_path
) -> None:
    from orchestration.settings import Settings, local_settings

    deployment = local_settings(tmp_path.resolve())
    if target == "postgres":
        deployment = Settings(
            target="postgres",
            data_dir=tmp_path.resolve(),
            source_urls={
                "totesys": "postgresql+psycopg://reader:fake-pw-1@db:5432/totesys",
                "stock_db": "mysql+pymysql://reader:fake-pw-2@db:3306/stock_db",
            },
            lake_url="s3://lake-bucket",
            warehouse_url="postgresql+psycopg://loader:fake-pw-3@db:5432/warehouse",
            lake_credentials={"aws_access_key_id": "key", "aws_secret_access_key": "fake-pw-4"},
            transformer_url="postgresql+psycopg://transformer:fake-pw-5@db:5432/warehouse",
        )
    for name, value in deployment.as_environment().items():
        monkeypatch.setenv(name, value)

    assert load_settings() == deployment


def test_full_build_hours_is_read_and_checked(data_dir, monkeypatch) -> None:
    assert load_settings().full_build_hours == 24.0
    monkeypatch.setenv("TRANSFORM__FULL_BUILD_HOURS", "6")
    assert load_settings().full_build_hours == 6.0
    for wrong in ("0", "-1", "daily", "nan"):
        monkeypatch.setenv("TRANSFORM__FULL_BUILD_HOURS", wrong)
        with pytest.raises(SettingsError, match="TRANSFORM__FULL_BUILD_HOURS must be") as error:
            load_settings()
        assert str(error.value).endswith("above 0")  # the rule, not the value given
