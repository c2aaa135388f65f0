"""Target resolution: one setting chooses the deployment, errors name the setting not its value."""

import pytest

from orchestration.settings import SettingsError, load_settings


def test_local_is_the_default(data_dir, monkeypatch) -> None:
    monkeypatch.delenv("WAREHOUSE_TARGET")
    settings = load_settings()
    assert settings.target == "local"
    assert settings.totesys_url == f"sqlite:///{data_dir / 'sources' / 'totesys.sqlite'}"
    assert settings.lake_url == str(data_dir / "lake")
    assert settings.duckdb_path == data_dir / "warehouse.duckdb"


def test_unknown_target_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("WAREHOUSE_TARGET", "oracle")
    with pytest.raises(SettingsError, match="unknown target 'oracle'"):
        load_settings()


def test_postgres_target_names_the_missing_setting(monkeypatch) -> None:
    for name in ("SOURCES__TOTESYS__CREDENTIALS", "SOURCES__STOCK_DB__CREDENTIALS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SettingsError, match="SOURCES__TOTESYS__CREDENTIALS"):
        load_settings("postgres")


def test_repr_masks_passwords(monkeypatch) -> None:
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", "postgresql://u:fake-s3cr3t-pw@h/db")
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", "mysql+pymysql://u:fake-s3cr3t-pw@h/db")
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", "s3://bucket/lake")
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", "postgresql://u:fake-s3cr3t-pw@h/w")
    settings = load_settings("postgres")
    assert "fake-s3cr3t-pw" not in repr(settings)
    assert settings.dbt_env()["WAREHOUSE_PG_DBNAME"] == "w"
