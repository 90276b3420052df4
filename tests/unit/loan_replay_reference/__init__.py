"""shared_core's loan replay before it was made faster: the oracle of test_loan_replay_speedup."""
