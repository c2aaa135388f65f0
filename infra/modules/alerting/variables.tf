variable "name" {
  description = "Prefix of the alerting resources."
  type        = string
}

variable "email" {
  description = "Address subscribed to the alerts topic."
  type        = string
}

variable "log_group_name" {
  description = "The cycle's log group."
  type        = string
}

variable "failure_pattern" {
  description = "CloudWatch Logs filter pattern of the line a failed cycle logs."
  type        = string
}

variable "error_pattern" {
  description = "CloudWatch Logs filter pattern of the CLI's error line when a cycle could not start."
  type        = string
}

variable "success_pattern" {
  description = "CloudWatch Logs filter pattern of the line a successful cycle logs."
  type        = string
}

variable "silence_minutes" {
  description = "Alarm when no cycle has succeeded for this long."
  type        = number
  default     = 60
}

variable "kms_key_arn" {
  description = "Key the topic is encrypted with."
  type        = string
}
