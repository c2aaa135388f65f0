variable "name" {
  description = "Prefix of the network's resources."
  type        = string
}

variable "region" {
  description = "Region of the VPC (for the S3 endpoint's service name)."
  type        = string
}

variable "cidr" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "kms_key_arn" {
  description = "Key the flow log group is encrypted with."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the flow log group."
  type        = number
}
