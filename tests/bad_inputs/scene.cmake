# Bad inputs: scene (see README.md). Each case asserts the exit status and the message.
