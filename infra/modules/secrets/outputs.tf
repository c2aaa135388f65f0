output "arns" {
  description = "Secret ARN by setting (environment variable) name."
  value       = { for setting, secret in aws_secretsmanager_secret.setting : setting => secret.arn }
}
