variable "name" {
  description = "Name of the repository."
  type        = string
}

variable "kms_key_arn" {
  description = "Key the images are encrypted with."
  type        = string
}

variable "images_kept" {
  description = "How many images the lifecycle policy keeps."
  type        = number
  default     = 20
}
