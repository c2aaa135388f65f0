output "key_arn" {
  description = "ARN of the deployment's key."
  value       = aws_kms_key.this.arn
}
