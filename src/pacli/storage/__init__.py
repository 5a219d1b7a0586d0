"""Where records live: reading a store file, writing it atomically under a lock, the library
of stores read together, the cache of large stores, and the record sources reads go through."""
