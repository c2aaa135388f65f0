# One secret per credential setting, named after its environment variable. Terraform creates
# the secrets empty: their values are put in with `aws secretsmanager put-secret-value`
# (docs/deploy.md), so no value is ever in this code or in the state.
resource "aws_secretsmanager_secret" "setting" {
  #checkov:skip=CKV2_AWS_57:the values are database URLs of logins rotated by their owners, not by a Lambda here
  for_each                = toset(var.settings)
  name                    = "${var.name}/${each.key}"
  description             = "${var.name}: the ${each.key} setting (orchestration/settings.py)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}
