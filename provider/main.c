/* placeholder until the rpc layer lands */
int main(void) { return 1; }
