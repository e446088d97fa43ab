"""What turns the corpus tables into things people read: charts, the summary, the
report and the downloads (the last floor of corpus -> NLP -> tables -> presentation).
"""
