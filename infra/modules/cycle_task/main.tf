# The cycle as a scheduled Fargate task: EventBridge Scheduler starts the image's
# `warehouse run` (one cycle, the same code as every other path) on var.schedule_expression.
data "aws_region" "current" {}

locals {
  log_group = "/${var.name}/cycle"
  # The container: entrypoint `warehouse` (Dockerfile) with the command `run`. Plain settings
  # come as environment variables, credentials from Secrets Manager (injected by ECS at start).
  container = {
    name                   = "warehouse"
    image                  = "${var.image_repository_url}:${var.image_tag}"
    essential              = true
    command                = ["run"]
    user                   = "10001:10001"
    readonlyRootFilesystem = true
    environment            = [for name, value in var.environment : { name = name, value = value }]
    secrets                = [for name, arn in var.secret_arns : { name = name, valueFrom = arn }]
    # The two writable paths; everything else is read-only. The data dir (dbt's artefacts and
    # last build's manifest, dlt's working state) is on EFS and outlives the task; /tmp is
    # scratch on the task's ephemeral storage.
    mountPoints = [
      { sourceVolume = "data", containerPath = "/data", readOnly = false },
      { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "cycle"
      }
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "cycle" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_ecs_task_definition" "cycle" {
  family                   = "${var.name}-cycle"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container])
  # EFS through its access point (the image's user, its own directory), TLS in transit, the
  # task role's IAM grant checked at mount (modules/state_volume).
  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id     = var.data_volume.file_system_id
      transit_encryption = "ENABLED"
      authorization_config {
        access_point_id = var.data_volume.access_point_id
        iam             = "ENABLED"
      }
    }
  }
  volume {
    name = "tmp"
  }
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}

resource "aws_security_group" "task" {
  #checkov:skip=CKV2_AWS_5:attached to every task the schedule starts (network_configuration below), which checkov does not follow
  name_prefix = "${var.name}-task-"
  description = "The cycle task: no inbound, outbound to HTTPS and the databases only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "task" {
  for_each          = toset([for port in var.egress_ports : tostring(port)])
  security_group_id = aws_security_group.task.id
  description       = "outbound tcp/${each.key} (AWS APIs over HTTPS, the sources, the warehouse)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
}

resource "aws_scheduler_schedule" "cycle" {
  name                         = "${var.name}-cycle"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = "UTC"
  kms_key_arn                  = var.kms_key_arn
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = aws_iam_role.scheduler.arn
    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.cycle.arn
      launch_type         = "FARGATE"
      task_count          = 1
      network_configuration {
        subnets          = var.subnet_ids
        security_groups  = [aws_security_group.task.id]
        assign_public_ip = false
      }
    }
    # A start that fails is not retried: the next tick starts the next cycle.
    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}
