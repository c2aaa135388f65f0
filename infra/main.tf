# The deployment: a scheduled Fargate task runs `warehouse run` (one cycle) against the lake
# bucket and the PostgreSQL warehouse, with its credentials in Secrets Manager, its data dir on
# EFS, its logs in CloudWatch, and an alarm that e-mails when a cycle fails. docs/deploy.md walks through it.

locals {
  lake_prefix = "lake"

  # Settings the task gets as plain environment variables: nothing here is secret.
  # tests/infra checks that these and secret_settings cover orchestration/settings.py's
  # required_settings("postgres").
  task_environment = {
    WAREHOUSE_TARGET                                  = "postgres"
    WAREHOUSE_DATA_DIR                                = "/data"
    DESTINATION__FILESYSTEM__BUCKET_URL               = "s3://${module.lake.bucket_name}/${local.lake_prefix}"
    DESTINATION__FILESYSTEM__CREDENTIALS__REGION_NAME = var.region
  }

  # Settings that hold a password: one Secrets Manager secret each, filled in after apply.
  secret_settings = [
    "SOURCES__TOTESYS__CREDENTIALS",
    "SOURCES__STOCK_DB__CREDENTIALS",
    "DESTINATION__POSTGRES__CREDENTIALS",
    "DESTINATION__POSTGRES__TRANSFORMER_CREDENTIALS",
  ]

  # The JSON lines orchestration/cycle/run.py logs as a cycle ends ("cycle failed" /
  # "cycle success"); tests/infra runs a failing cycle and matches its log against these.
  failure_pattern = "{ $.logger = \"orchestration.cycle.run\" && $.status = \"failed\" }"
  # The CLI's one line when a cycle could not start (orchestration/cli.py), but not a tick
  # skipped because the previous cycle still runs.
  error_pattern   = "\"warehouse run: error:\" -\"another cycle is running\""
  success_pattern = "{ $.logger = \"orchestration.cycle.run\" && $.status = \"success\" }"
}

module "kms" {
  source = "./modules/kms"
  name   = var.name
}

module "network" {
  source             = "./modules/network"
  name               = var.name
  region             = var.region
  cidr               = var.vpc_cidr
  kms_key_arn        = module.kms.key_arn
  log_retention_days = var.log_retention_days
}

module "lake" {
  source                  = "./modules/lake"
  name                    = var.name
  kms_key_arn             = module.kms.key_arn
  noncurrent_version_days = var.noncurrent_version_days
}

module "ecr" {
  source      = "./modules/ecr"
  name        = var.name
  kms_key_arn = module.kms.key_arn
}

module "secrets" {
  source      = "./modules/secrets"
  name        = var.name
  settings    = local.secret_settings
  kms_key_arn = module.kms.key_arn
}

module "cycle_task" {
  source               = "./modules/cycle_task"
  name                 = var.name
  vpc_id               = module.network.vpc_id
  subnet_ids           = module.network.private_subnet_ids
  image_repository_url = module.ecr.repository_url
  image_repository_arn = module.ecr.repository_arn
  image_tag            = var.image_tag
  schedule_expression  = var.schedule_expression
  environment          = local.task_environment
  secret_arns          = module.secrets.arns
  lake_bucket_arn      = module.lake.bucket_arn
  lake_prefix          = local.lake_prefix
  kms_key_arn          = module.kms.key_arn
  cpu                  = var.task_cpu
  memory               = var.task_memory
  log_retention_days   = var.log_retention_days
  data_volume = {
    file_system_id   = module.state_volume.file_system_id
    file_system_arn  = module.state_volume.file_system_arn
    access_point_id  = module.state_volume.access_point_id
    access_point_arn = module.state_volume.access_point_arn
  }
}

# /data (WAREHOUSE_DATA_DIR) on EFS: what one cycle leaves for the next survives the task.
module "state_volume" {
  source                   = "./modules/state_volume"
  name                     = var.name
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.cycle_task.security_group_id
  kms_key_arn              = module.kms.key_arn
}

module "database" {
  source                   = "./modules/database"
  count                    = var.create_database ? 1 : 0
  name                     = var.name
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.cycle_task.security_group_id
  kms_key_arn              = module.kms.key_arn
  instance_class           = var.database_instance_class
  storage_gb               = var.database_storage_gb
}

module "alerting" {
  source          = "./modules/alerting"
  name            = var.name
  email           = var.alert_email
  log_group_name  = module.cycle_task.log_group_name
  failure_pattern = local.failure_pattern
  error_pattern   = local.error_pattern
  success_pattern = local.success_pattern
  kms_key_arn     = module.kms.key_arn
}
