"""The shared fixtures reach the real servers they promise."""

import boto3
import sqlalchemy as sa


def test_pg_database_is_fresh_and_writable(pg_database: str) -> None:
    engine = sa.create_engine(pg_database)
    with engine.begin() as conn:
        conn.exec_driver_sql("create table t (id int primary key)")
        conn.exec_driver_sql("insert into t values (1), (2)")
        assert conn.exec_driver_sql("select count(*) from t").scalar() == 2
    engine.dispose()


def test_mariadb_database_is_fresh_and_writable(mariadb_database: str) -> None:
    engine = sa.create_engine(mariadb_database)
    with engine.begin() as conn:
        assert conn.exec_driver_sql("show tables").fetchall() == []
        conn.exec_driver_sql("create table t (id int primary key)")
        conn.exec_driver_sql("insert into t values (1)")
        assert conn.exec_driver_sql("select count(*) from t").scalar() == 1
    engine.dispose()


def test_s3_bucket_round_trip(s3_server: dict[str, str], s3_bucket: str) -> None:
    client = boto3.client("s3", **s3_server)
    client.put_object(Bucket=s3_bucket, Key="a/b.txt", Body=b"hello")
    body = client.get_object(Bucket=s3_bucket, Key="a/b.txt")["Body"].read()
    assert body == b"hello"
