variable "name" {
  description = "Prefix of the volume's resources."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the mount targets are in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the task runs in: one mount target in each."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "Security group of the cycle task, the only NFS client let in."
  type        = string
}

variable "kms_key_arn" {
  description = "The deployment's key the file system is encrypted with at rest."
  type        = string
}

variable "uid" {
  description = "POSIX user the task acts as on the volume: the image's user (Dockerfile, USER)."
  type        = number
  default     = 10001
}

variable "gid" {
  description = "POSIX group the task acts as on the volume: the image's group."
  type        = number
  default     = 10001
}
