variable "name" {
  description = "Prefix of the key's alias."
  type        = string
}
