# Alerts: the cycle's JSON log line that ends a failed cycle ({"logger":
# "orchestration.cycle.run", "message": "cycle failed", "status": "failed"}) becomes a metric,
# and so does the CLI's one-line error when no cycle could start (a missing setting, the
# warehouse unreachable for the lock), except "another cycle is running" (a skipped tick, not a
# failure); any in a period raises the alarm, which e-mails the topic's subscribers. A second alarm fires
# when no cycle has succeeded for var.silence_minutes (a task that cannot start or is killed
# logs no failure line).
locals {
  namespace = "Warehouse/${var.name}"
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-alerts"
  kms_master_key_id = var.kms_key_arn
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.email
}

resource "aws_cloudwatch_log_metric_filter" "failed_cycles" {
  name           = "${var.name}-failed-cycles"
  log_group_name = var.log_group_name
  pattern        = var.failure_pattern
  metric_transformation {
    name          = "FailedCycles"
    namespace     = local.namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_log_metric_filter" "cycles_not_started" {
  name           = "${var.name}-cycles-not-started"
  log_group_name = var.log_group_name
  pattern        = var.error_pattern
  metric_transformation {
    name          = "FailedCycles"
    namespace     = local.namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_log_metric_filter" "succeeded_cycles" {
  name           = "${var.name}-succeeded-cycles"
  log_group_name = var.log_group_name
  pattern        = var.success_pattern
  metric_transformation {
    name          = "SucceededCycles"
    namespace     = local.namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "cycle_failed" {
  alarm_name          = "${var.name}-cycle-failed"
  alarm_description   = "A warehouse cycle failed: its run id, step and error are in the log group ${var.log_group_name}."
  namespace           = local.namespace
  metric_name         = "FailedCycles"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "no_success" {
  alarm_name          = "${var.name}-no-successful-cycle"
  alarm_description   = "No warehouse cycle succeeded in ${var.silence_minutes} minutes (failed, not started, or killed)."
  namespace           = local.namespace
  metric_name         = "SucceededCycles"
  statistic           = "Sum"
  period              = var.silence_minutes * 60
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}
