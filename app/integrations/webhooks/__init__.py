"""Standard Webhooks delivery of status events: signing (`signing`) and the dispatcher
(`dispatcher`), run in the API process or by `girfec worker`."""
