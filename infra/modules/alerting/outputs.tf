output "topic_arn" {
  description = "The alerts topic."
  value       = aws_sns_topic.alerts.arn
}
