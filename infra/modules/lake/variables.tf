variable "name" {
  description = "Prefix of the bucket's name."
  type        = string
}

variable "kms_key_arn" {
  description = "The key objects are encrypted with (SSE-KMS)."
  type        = string
}

variable "noncurrent_version_days" {
  description = "Days an overwritten or deleted object's old version is kept."
  type        = number
}
