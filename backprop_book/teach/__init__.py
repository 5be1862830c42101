"""What a teacher needs: student versions of the workbooks (assignments and grading follow)."""
