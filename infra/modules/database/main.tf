# The warehouse: RDS PostgreSQL in the private subnets, reachable only from the cycle task.
# The master password is generated and kept by RDS in Secrets Manager (never in this state);
# the administrator uses it once for `warehouse grants` (docs/deploy.md).
resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.name}-"
  subnet_ids  = var.subnet_ids
}

resource "aws_security_group" "database" {
  name_prefix = "${var.name}-database-"
  description = "The warehouse database: PostgreSQL from the cycle task only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "from_task" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the cycle task"
  referenced_security_group_id = var.client_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-"
  family      = "postgres${var.engine_major_version}"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "5000"
  }
}

resource "aws_db_instance" "this" {
  #checkov:skip=CKV_AWS_157:Multi-AZ doubles the instance cost; the warehouse is rebuilt from the lake (warehouse replay), so set multi_az per deployment if required
  #checkov:skip=CKV_AWS_118:enhanced monitoring costs extra; CloudWatch's standard RDS metrics are kept
  #checkov:skip=CKV_AWS_353:Performance Insights is not offered on the default micro instance class
  #checkov:skip=CKV2_AWS_30:statement logging would write every dbt query to the logs; slow statements are logged (log_min_duration_statement)
  identifier_prefix                   = "${var.name}-"
  engine                              = "postgres"
  engine_version                      = var.engine_major_version
  instance_class                      = var.instance_class
  allocated_storage                   = var.storage_gb
  storage_type                        = "gp3"
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  db_name                             = "warehouse"
  username                            = "warehouse_admin"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = var.kms_key_arn
  iam_database_authentication_enabled = true
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.database.id]
  parameter_group_name                = aws_db_parameter_group.this.name
  publicly_accessible                 = false
  multi_az                            = false
  backup_retention_period             = 7
  copy_tags_to_snapshot               = true
  deletion_protection                 = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${var.name}-final"
  auto_minor_version_upgrade          = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
}
