"""The graduate school's pages: the school's cohorts and students (school.py, students.py), projects
from proposal to result (projects.py), a student's own record (students.me). Every object comes through
graduate.selectors, every write through graduate.services."""
