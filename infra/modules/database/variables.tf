variable "name" {
  description = "Prefix of the database's resources."
  type        = string
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets in two zones."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "Security group of the cycle task, the only client allowed in."
  type        = string
}

variable "kms_key_arn" {
  description = "Key for the storage and the master password's secret."
  type        = string
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "storage_gb" {
  description = "Allocated storage (GiB)."
  type        = number
}

variable "engine_major_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}
