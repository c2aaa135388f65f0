output "ecr_repository_url" {
  description = "Push the image here (docker push <url>:<tag>)."
  value       = module.ecr.repository_url
}

output "lake_bucket" {
  description = "The lake bucket (the lake is under lake/, the published marts under lake/processed/)."
  value       = module.lake.bucket_name
}

output "secret_arns" {
  description = "Secrets to fill in with aws secretsmanager put-secret-value, by setting."
  value       = module.secrets.arns
}

output "database_endpoint" {
  description = "host:port of the RDS warehouse (null with create_database = false)."
  value       = one(module.database[*].endpoint)
}

output "database_master_secret_arn" {
  description = "The RDS-managed secret with the administrator's password (for warehouse grants)."
  value       = one(module.database[*].master_secret_arn)
}

output "cluster_name" {
  description = "ECS cluster of the cycle task."
  value       = module.cycle_task.cluster_name
}

output "task_definition_family" {
  description = "The cycle's task definition family (aws ecs run-task)."
  value       = module.cycle_task.task_definition_family
}

output "private_subnet_ids" {
  description = "Subnets for a manual aws ecs run-task."
  value       = module.network.private_subnet_ids
}

output "task_security_group_id" {
  description = "Security group for a manual aws ecs run-task."
  value       = module.cycle_task.security_group_id
}

output "log_group_name" {
  description = "Where the cycle's JSON log lines are."
  value       = module.cycle_task.log_group_name
}

output "alerts_topic_arn" {
  description = "The SNS topic the alarms publish to."
  value       = module.alerting.topic_arn
}

output "data_file_system_id" {
  description = "The EFS file system holding the cycle's /data (dbt state, dlt working state)."
  value       = module.state_volume.file_system_id
}
