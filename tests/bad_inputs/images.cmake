# Bad inputs: images (see README.md). Each case asserts the exit status and the message.
