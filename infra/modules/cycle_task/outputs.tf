output "cluster_name" {
  description = "ECS cluster the cycle runs in."
  value       = aws_ecs_cluster.this.name
}

output "task_definition_family" {
  description = "Family of the cycle's task definition (aws ecs run-task --task-definition)."
  value       = aws_ecs_task_definition.cycle.family
}

output "security_group_id" {
  description = "Security group of the task (the database lets it in)."
  value       = aws_security_group.task.id
}

output "log_group_name" {
  description = "CloudWatch log group of the cycle."
  value       = aws_cloudwatch_log_group.cycle.name
}

output "schedule_name" {
  description = "The EventBridge Scheduler schedule."
  value       = aws_scheduler_schedule.cycle.name
}
