# The cycle's data dir (/data, WAREHOUSE_DATA_DIR) on an encrypted EFS file system, so what one
# cycle leaves for the next survives the task: the manifest of the last successful dbt build
# (the next cycle builds only what changed), dbt's partial-parse cache, and dlt's pipeline
# working state (no restore from the lake and the warehouse each cycle). docs/deploy.md says why.
resource "aws_efs_file_system" "this" {
  creation_token   = "${var.name}-data"
  encrypted        = true
  kms_key_id       = var.kms_key_arn
  performance_mode = "generalPurpose"
  # Bursting: a small file system's baseline (at least 1 MiB/s metered) carries a few MB of
  # artefacts per cycle at no charge; Elastic would bill every GB read and written.
  throughput_mode = "bursting"
  # What no cycle reads again (rotated log files, the records of old dlt packages) moves to
  # Infrequent Access after 30 days (files of 128 KiB and more); a file read moves back.
  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }
  lifecycle_policy {
    transition_to_primary_storage_class = "AFTER_1_ACCESS"
  }
  tags = {
    Name = "${var.name}-data"
  }
}

# Everything on it can be rebuilt (a cycle without it builds every dbt node and restores dlt's
# state from the destinations), so it is not backed up: a backup would cost more than it saves.
resource "aws_efs_backup_policy" "this" {
  file_system_id = aws_efs_file_system.this.id
  backup_policy {
    status = "DISABLED"
  }
}

# The task mounts it only as the image's user, at its own directory, created owned by that user.
resource "aws_efs_access_point" "data" {
  file_system_id = aws_efs_file_system.this.id
  posix_user {
    uid = var.uid
    gid = var.gid
  }
  root_directory {
    path = "/warehouse"
    creation_info {
      owner_uid   = var.uid
      owner_gid   = var.gid
      permissions = "0750"
    }
  }
  tags = {
    Name = "${var.name}-data"
  }
}

# With a policy in place, an NFS client without IAM credentials gets nothing; and none over
# plain NFS: every mount is TLS (the task definition's transit encryption).
resource "aws_efs_file_system_policy" "this" {
  file_system_id = aws_efs_file_system.this.id
  policy         = data.aws_iam_policy_document.file_system.json
}

data "aws_iam_policy_document" "file_system" {
  statement {
    sid    = "DenyWithoutTls"
    effect = "Deny"
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["*"]
    resources = [aws_efs_file_system.this.arn]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_efs_mount_target" "this" {
  count           = length(var.subnet_ids)
  file_system_id  = aws_efs_file_system.this.id
  subnet_id       = var.subnet_ids[count.index]
  security_groups = [aws_security_group.mount_targets.id]
}

resource "aws_security_group" "mount_targets" {
  name_prefix = "${var.name}-data-"
  description = "The data volume's mount targets: NFS from the cycle task only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "nfs_from_task" {
  security_group_id            = aws_security_group.mount_targets.id
  description                  = "NFS from the cycle task"
  referenced_security_group_id = var.client_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
}

# The task's security group lets out only what it names: NFS to these mount targets.
resource "aws_vpc_security_group_egress_rule" "task_to_nfs" {
  security_group_id            = var.client_security_group_id
  description                  = "NFS to the data volume's mount targets"
  referenced_security_group_id = aws_security_group.mount_targets.id
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
}
