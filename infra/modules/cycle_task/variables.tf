variable "name" {
  description = "Prefix of the task's resources."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the task runs in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the task runs in."
  type        = list(string)
}

variable "image_repository_url" {
  description = "ECR repository URL of the warehouse image."
  type        = string
}

variable "image_repository_arn" {
  description = "ECR repository ARN (the execution role pulls from it only)."
  type        = string
}

variable "image_tag" {
  description = "Tag of the image to run."
  type        = string
}

variable "schedule_expression" {
  description = "EventBridge Scheduler expression that starts a cycle."
  type        = string
}

variable "environment" {
  description = "Plain (non-secret) settings: environment variable name to value."
  type        = map(string)
}

variable "secret_arns" {
  description = "Credential settings: environment variable name to Secrets Manager ARN."
  type        = map(string)
}

variable "lake_bucket_arn" {
  description = "The lake bucket."
  type        = string
}

variable "lake_prefix" {
  description = "The folder of the bucket the lake is in (the task may touch nothing else)."
  type        = string
}

variable "kms_key_arn" {
  description = "The deployment's key (lake objects, secrets, logs)."
  type        = string
}

variable "cpu" {
  description = "Fargate CPU units."
  type        = number
}

variable "memory" {
  description = "Fargate memory (MiB)."
  type        = number
}

variable "log_retention_days" {
  description = "Retention of the cycle's log group."
  type        = number
}

variable "egress_ports" {
  description = "TCP ports the task may connect out to: HTTPS (AWS APIs), PostgreSQL, MySQL."
  type        = list(number)
  default     = [443, 5432, 3306]
}

variable "data_volume" {
  description = "The EFS file system and access point mounted at /data (modules/state_volume)."
  type = object({
    file_system_id   = string
    file_system_arn  = string
    access_point_id  = string
    access_point_arn = string
  })
}
