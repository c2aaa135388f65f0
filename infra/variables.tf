variable "name" {
  description = "Prefix of every resource's name (lower case, digits and hyphens)."
  type        = string
  default     = "warehouse"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.name))
    error_message = "name must be 3-21 characters: lower case letters, digits and hyphens."
  }
}

variable "region" {
  description = "AWS region for everything."
  type        = string
  default     = "eu-west-2"
}

variable "alert_email" {
  description = "The address the failure alarm e-mails (SNS asks it to confirm once)."
  type        = string
}

variable "schedule_expression" {
  description = "When EventBridge Scheduler starts a cycle (docs/deploy.md)."
  type        = string
  default     = "rate(15 minutes)"
}

variable "image_tag" {
  description = "The tag of the image in the ECR repository that the task runs: the commit's SHA, which CI pushes and passes (TF_VAR_image_tag). No default: an apply without it would point the task at an image that does not exist."
  type        = string
}

variable "create_database" {
  description = "Create an RDS PostgreSQL warehouse in the private subnets; false: use an existing one (its URLs go into the secrets)."
  type        = bool
  default     = true
}

variable "database_instance_class" {
  description = "RDS instance class of the warehouse."
  type        = string
  default     = "db.t4g.micro"
}

variable "database_storage_gb" {
  description = "RDS allocated storage (GiB, gp3)."
  type        = number
  default     = 20
}

variable "task_cpu" {
  description = "Fargate CPU units of the cycle task (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "task_memory" {
  description = "Fargate memory of the cycle task (MiB)."
  type        = number
  default     = 4096
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC the network module creates."
  type        = string
  default     = "10.40.0.0/16"
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the cycle's logs."
  type        = number
  default     = 365
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted lake object's old version is kept."
  type        = number
  default     = 30
}
