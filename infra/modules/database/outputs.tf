output "endpoint" {
  description = "host:port of the warehouse database."
  value       = aws_db_instance.this.endpoint
}

output "master_secret_arn" {
  description = "The RDS-managed secret holding the administrator's password."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
