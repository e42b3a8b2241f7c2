// Trainer tests seed and read torch's global generator; parallel tests would interleave its draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
