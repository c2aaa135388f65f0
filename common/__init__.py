"""What every package of the warehouse shares and that needs none of them: URL handling."""
