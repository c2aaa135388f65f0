variable "name" {
  description = "Prefix of the secrets' names."
  type        = string
}

variable "settings" {
  description = "Environment variable names of the settings that hold a credential."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "Key the secrets are encrypted with."
  type        = string
}
