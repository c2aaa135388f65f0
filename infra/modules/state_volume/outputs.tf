# The ids wait for the mount targets: a task started before they exist could not mount /data.
output "file_system_id" {
  description = "The EFS file system holding /data."
  value       = aws_efs_file_system.this.id
  depends_on  = [aws_efs_mount_target.this]
}

output "file_system_arn" {
  description = "Its ARN (the task role may mount it and write)."
  value       = aws_efs_file_system.this.arn
}

output "access_point_id" {
  description = "The access point the task mounts through."
  value       = aws_efs_access_point.data.id
  depends_on  = [aws_efs_mount_target.this]
}

output "access_point_arn" {
  description = "Its ARN (the task role's grant is conditioned on it)."
  value       = aws_efs_access_point.data.arn
}
