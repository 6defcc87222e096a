"""What persists between renders: the cache and its keys, locks, output records, publishing."""
