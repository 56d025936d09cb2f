"""Police incident reports (NIEM-style XML, or its JSON twin): each child involved becomes a
child-protection concern, referred at once to the guardianship authority."""
